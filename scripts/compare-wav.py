#!/usr/bin/env python3
"""Compares the samples of two 32-bit float WAV files (plinth render's output).

Prints "identical" when every sample is bit-identical (the headers may differ: libsndfile
writes a time stamp into its PEAK chunk), else the largest absolute difference; exits 1
beyond --tolerance (an absolute difference; 0 asks for identical samples).
    compare-wav.py A.wav B.wav [--tolerance T]
"""
import argparse
import array
import struct
import sys


def samples(path):
    data = open(path, "rb").read()
    if data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        sys.exit(f"{path}: not a WAV file")
    fmt = None
    at = 12
    while at + 8 <= len(data):
        tag, size = data[at:at + 4], struct.unpack_from("<I", data, at + 4)[0]
        body = data[at + 8:at + 8 + size]
        if tag == b"fmt ":
            fmt = struct.unpack_from("<HHIIHH", body)
        elif tag == b"data":
            if fmt is None or fmt[0] not in (3, 0xFFFE) or fmt[5] != 32:
                sys.exit(f"{path}: not 32-bit float samples")
            values = array.array("f")
            values.frombytes(body)
            return fmt[1], fmt[2], values
        at += 8 + size + (size & 1)
    sys.exit(f"{path}: no data chunk")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("a")
    parser.add_argument("b")
    parser.add_argument("--tolerance", type=float, default=0.0)
    args = parser.parse_args()
    ch_a, rate_a, a = samples(args.a)
    ch_b, rate_b, b = samples(args.b)
    if (ch_a, rate_a, len(a)) != (ch_b, rate_b, len(b)):
        print(f"differ in shape: {ch_a} ch {rate_a} Hz {len(a)} samples vs {ch_b} ch {rate_b} Hz {len(b)} samples")
        return 1
    if a.tobytes() == b.tobytes():
        print(f"identical: {len(a)} samples, bit for bit")
        return 0
    worst = max(abs(x - y) for x, y in zip(a, b))
    print(f"largest difference {worst:.3g} over {len(a)} samples (tolerance {args.tolerance:g})")
    return 0 if worst <= args.tolerance else 1


if __name__ == "__main__":
    sys.exit(main())
