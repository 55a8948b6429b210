#!/usr/bin/env python3
"""Compares the pixels of two PNG screenshots (plinth editor --screenshot's output).

Reads 8-bit RGB, non-interlaced PNGs (what plinth writes; any of the five row filters).
Prints "identical" when the sizes and every pixel match, else how many pixels differ and
the largest difference of a channel; exits 1 when the sizes differ or a channel differs
by more than --tolerance (0 asks for identical pixels).
    compare-png.py A.png B.png [--tolerance N]
"""
import argparse
import struct
import sys
import zlib


def pixels(path):
    try:
        data = open(path, "rb").read()
    except OSError as e:
        sys.exit(f"{path}: {e.strerror}")
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        sys.exit(f"{path}: not a PNG file")
    at, idat, header = 8, b"", None
    while at + 8 <= len(data):
        size, tag = struct.unpack_from(">I4s", data, at)
        body = data[at + 8:at + 8 + size]
        if tag == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif tag == b"IDAT":
            idat += body
        at += 12 + size
    if header is None or header[2:5] != (8, 2, 0) or header[6] != 0:
        sys.exit(f"{path}: not an 8-bit RGB non-interlaced PNG")
    width, height = header[0], header[1]
    raw = zlib.decompress(idat)
    stride = width * 3
    rows, previous = [], bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        row = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            left = row[i - 3] if i >= 3 else 0
            up = previous[i]
            corner = previous[i - 3] if i >= 3 else 0
            if kind == 1:
                row[i] = (row[i] + left) & 0xFF
            elif kind == 2:
                row[i] = (row[i] + up) & 0xFF
            elif kind == 3:
                row[i] = (row[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                row[i] = (row[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 0xFF
        rows.append(bytes(row))
        previous = row
    return width, height, b"".join(rows)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("a")
    parser.add_argument("b")
    parser.add_argument("--tolerance", type=int, default=0)
    args = parser.parse_args()
    wa, ha, a = pixels(args.a)
    wb, hb, b = pixels(args.b)
    if (wa, ha) != (wb, hb):
        print(f"sizes differ: {wa}x{ha} vs {wb}x{hb}")
        return 1
    if a == b:
        print(f"identical ({wa}x{ha})")
        return 0
    worst = max(abs(x - y) for x, y in zip(a, b))
    differing = sum(1 for i in range(0, len(a), 3) if a[i:i + 3] != b[i:i + 3])
    print(f"{differing} of {wa * ha} pixels differ, by at most {worst} in a channel")
    return 0 if worst <= args.tolerance else 1


if __name__ == "__main__":
    sys.exit(main())
