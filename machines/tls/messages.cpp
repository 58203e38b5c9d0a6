#include "machines/tls/tls.hpp"

namespace synack::machines::tls {

const std::vector<std::string>& tls13_messages() {
  static const std::vector<std::string> names = {"ClientHello",
                                                 "ClientHello(psk)",
                                                 "ClientHello(psk, early_data)",
                                                 "HelloRetryRequest",
                                                 "ServerHello",
                                                 "EncryptedExtensions",
                                                 "EncryptedExtensions(early_data)",
                                                 "Certificate",
                                                 "CertificateVerify",
                                                 "EarlyData(request)",
                                                 "EndOfEarlyData",
                                                 "Finished",
                                                 "NewSessionTicket",
                                                 "AppData",
                                                 "Alert"};
  return names;
}

const std::vector<std::string>& tls12_messages() {
  static const std::vector<std::string> names = {"ClientHello",
                                                 "ClientHello(session)",
                                                 "ServerHello",
                                                 "Certificate",
                                                 "ServerKeyExchange",
                                                 "ServerHelloDone",
                                                 "ClientKeyExchange",
                                                 "ChangeCipherSpec",
                                                 "Finished",
                                                 "AppData",
                                                 "Alert"};
  return names;
}

}  // namespace synack::machines::tls
