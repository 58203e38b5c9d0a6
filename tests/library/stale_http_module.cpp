// A web-server module as another version of synack built it: its entry point has another
// name (tests/test_explore_module.cpp), so this synack must refuse it rather than call it.
extern "C" [[gnu::visibility("default")]] void* synack_http_open_0(int) {
  return nullptr;
}
