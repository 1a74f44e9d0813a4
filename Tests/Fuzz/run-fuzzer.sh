#!/usr/bin/env bash
# Fuzzes every decoder of untrusted bytes (frames, every message, pack files, stored records) with libFuzzer and
# AddressSanitizer (docs/operations.md, "Fuzzing"). Seeds come from Protocol/vectors.
#
#   Tests/Fuzz/run-fuzzer.sh                 # 60 seconds
#   Tests/Fuzz/run-fuzzer.sh -runs=10000000  # any libFuzzer options
#
# Exits 0 when nothing crashed, 1 when libFuzzer found a crash (its input is written to
# .build-fuzz/crashes/ and can be replayed with `swift run axfuzz FILE`), 2 when this
# toolchain cannot build a fuzzer (then nothing was tested, and it says so).
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! swift build -c release --product axfuzz --scratch-path .build-fuzz \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -DAXIS_FUZZ >.build-fuzz.log 2>&1; then
    echo "fuzzer: this toolchain cannot build with -sanitize=fuzzer (see .build-fuzz.log); not fuzzed"
    exit 2
fi
rm -f .build-fuzz.log
binary=".build-fuzz/release/axfuzz"

corpus=".build-fuzz/corpus"
seeds=".build-fuzz/seeds"
mkdir -p "$corpus" "$seeds" .build-fuzz/crashes
# Each vector as a frame stream (selector 0) and a pack (selector 2); the fuzzer finds the
# per-message selectors from there.
python3 - "$seeds" <<'PY'
import pathlib, re, sys
out = pathlib.Path(sys.argv[1])
for vector in sorted(pathlib.Path("Protocol/vectors").glob("*.hex")):
    data = bytearray()
    for line in vector.read_text().splitlines():
        data += bytes.fromhex("".join(re.findall(r"[0-9a-fA-F]{2}", line.split("#", 1)[0])))
    for selector in (0, 1, 2):
        (out / f"{vector.stem}-{selector}").write_bytes(bytes([selector]) + bytes(data))
    # An export in stored form: its records (field 11 values) for the stored-record target
    # (selector 3; the next byte picks the chunk size).
    if "export-stored-reply" in vector.stem:
        payload, pos, stored = bytes(data[12:]), 0, bytearray()
        def varint():
            global pos
            value, shift = 0, 0
            while True:
                byte = payload[pos]; pos += 1
                value |= (byte & 0x7F) << shift; shift += 7
                if byte < 0x80: return value
        while pos < len(payload):
            key = varint()
            if key & 7 == 0:
                varint()
                continue
            length = varint()
            if key >> 3 == 11: stored += payload[pos:pos + length]
            pos += length
        for size in (7, 255):
            (out / f"{vector.stem}-3-{size}").write_bytes(bytes([3, size]) + bytes(stored))
PY

options=("$@")
if [ ${#options[@]} -eq 0 ]; then options=(-max_total_time=60); fi
set +e
"$binary" "$corpus" "$seeds" -artifact_prefix=.build-fuzz/crashes/ -max_len=65536 -print_final_stats=1 "${options[@]}"
status=$?
set -e
if [ $status -ne 0 ]; then
    echo "fuzzer: a crash was found; the input is in .build-fuzz/crashes/ (replay: swift run axfuzz FILE)"
    exit 1
fi
echo "fuzzer: no crash"
