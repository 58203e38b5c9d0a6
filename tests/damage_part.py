#!/usr/bin/env python3
"""Damages distributed checkpoint parts so that they are whole by their checksums (parts
made by hand) but no search wrote them:
  twice:  its second state becomes a copy of its first (the store holds a state twice);
  link:   its second state's parent link names a state far past every rank's store;
  root:   its second state's parent link becomes none, as only the initial state's is;
  steps:  every state's parent becomes state 0 of its parent's rank, which is no step
          to most of them.
With every part of a generation, rank 0's first:
  decide: the first decided property's deciding state becomes state 0 of the last rank (in
          every part, which must agree on the decisions), which decides nothing and which
          only that rank can tell;
  cycle:  on the trace of the first decided property, the first parent on another rank
          gets its child as its own parent: the links go round in a circle across ranks.
Usage: damage_part.py twice|link|root|steps DIR/gen-G/rank-R.synack
       damage_part.py decide|cycle DIR/gen-G/rank-0.synack DIR/gen-G/rank-1.synack ...
(rewritten in place)."""
import struct
import sys

FNV_OFFSET, FNV_PRIME, MASK = 0xCBF29CE484222325, 0x100000001B3, (1 << 64) - 1
NO_PARENT = 0xFFFFFFFF


class Part:
    def __init__(self, path):
        self.path = path
        self.body = bytearray(open(path, "rb").read())[:-8]
        body = self.body
        at = 8 + 4  # magic, version
        at += 8 + struct.unpack_from("<Q", body, at)[0]  # identity
        self.words = struct.unpack_from("<Q", body, at)[0]
        at += 8 * 8  # words, depth, level_first, level_last, next_parent, states, transitions, bytes
        self.decision_count = struct.unpack_from("<Q", body, at)[0]
        self.decisions = at + 8  # 34 bytes each: decided, verdict, owner, local, 3 figures
        at += 8 + 34 * self.decision_count
        for _ in range(3):  # row_fired, group_transitions, group_new_states
            at += 8 + 8 * struct.unpack_from("<Q", body, at)[0]
        self.packed, count = at + 8, struct.unpack_from("<Q", body, at)[0]  # `words` each
        self.count = count // self.words
        self.parent_local = self.packed + 8 * count + 8  # 32-bit local indices
        self.parent_rank = self.parent_local + 4 * self.count + 8  # 16-bit ranks

    def parent(self, i):
        return (struct.unpack_from("<H", self.body, self.parent_rank + 2 * i)[0],
                struct.unpack_from("<I", self.body, self.parent_local + 4 * i)[0])

    def set_parent(self, i, rank, local):
        struct.pack_into("<H", self.body, self.parent_rank + 2 * i, rank)
        struct.pack_into("<I", self.body, self.parent_local + 4 * i, local)

    def first_decided(self):
        for k in range(self.decision_count):
            decided, _, owner, local = struct.unpack_from("<BBII", self.body, self.decisions + 34 * k)
            if decided:
                return k, owner, local
        sys.exit(f"{self.path}: no decided property")

    def write(self):
        h = FNV_OFFSET
        for byte in self.body:
            h = ((h ^ byte) * FNV_PRIME) & MASK
        open(self.path, "wb").write(bytes(self.body) + struct.pack("<Q", h))


def main(mode, paths):
    parts = [Part(p) for p in paths]
    part = parts[0]
    if mode in ("twice", "link", "root", "steps") and part.count < 2:
        sys.exit(f"{part.path}: fewer than two states")
    if mode == "twice":
        w = part.words
        part.body[part.packed + 8 * w : part.packed + 16 * w] = part.body[part.packed : part.packed + 8 * w]
    elif mode == "link":
        struct.pack_into("<I", part.body, part.parent_local + 4, 0x7FFFFFF0)
    elif mode == "root":
        struct.pack_into("<I", part.body, part.parent_local + 4, NO_PARENT)
    elif mode == "steps":
        for i in range(part.count):
            if part.parent(i)[1] != NO_PARENT:
                part.set_parent(i, part.parent(i)[0], 0)
    elif mode == "decide":
        k, _, _ = part.first_decided()
        for p in parts:
            struct.pack_into("<II", p.body, p.decisions + 34 * k + 2, len(parts) - 1, 0)
    elif mode == "cycle":
        _, rank, local = part.first_decided()
        while True:
            parent_rank, parent_local = parts[rank].parent(local)
            if parent_local == NO_PARENT:
                sys.exit("the trace stays on one rank")
            if parent_rank != rank and parts[parent_rank].parent(parent_local)[1] != NO_PARENT:
                parts[parent_rank].set_parent(parent_local, rank, local)
                break
            rank, local = parent_rank, parent_local
    else:
        sys.exit(f"unknown damage {mode}: twice, link, root, steps, decide or cycle")
    for p in parts:
        p.write()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
