#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 Prospecta developers
# SPDX-License-Identifier: GPL-3.0-or-later
"""Write a lead spreadsheet (CSV, UTF-8) for the import benchmark.

Row i (from 0) is a Mexican mobile number written the way people type them, in one of
five forms (+52 55 1234 5678, 55-1234-5678, (55) 1234 5678, 5212345678, 52 1 55 ...), so
every row goes through phone normalization. One row in --duplicates repeats an earlier
row's number in another form, so deduplication merges it. Names and e-mail addresses
are built from the row number. The phones start at --first-phone so the rows do not meet
the leads of bench/dataset/generate.py (+5255 followed by 00000000 to 00999999) unless
asked to.
"""

import argparse
import csv
import sys

FIRST = ["Ana", "José", "María", "Luis", "Carmen", "Jorge", "Lucía", "Pedro", "Sofía", "Miguel"]
LAST = ["García", "López", "Martínez", "Rodríguez", "Pérez", "Sánchez", "Ramírez", "Torres"]
STAGES = ["new", "contacted", "qualified"]


def spelled(number, form):
    """Return the ten-digit national number `number` in one of the usual written forms."""
    digits = f"{number:010d}"
    area, first, last = digits[:2], digits[2:6], digits[6:]
    return [f"+52 {area} {first} {last}", f"{area}-{first}-{last}", f"({area}) {first} {last}", digits,
            f"52 1 {area} {first} {last}"][form % 5]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("output")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--duplicates", type=int, default=20, help="one row in N repeats an earlier number")
    parser.add_argument("--first-phone", type=int, default=5540000000, help="ten-digit national number of row 0")
    args = parser.parse_args()

    with open(args.output, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["Nombre", "Teléfono", "Correo", "Etapa"])
        for i in range(args.rows):
            number = args.first_phone + i
            if args.duplicates and i % args.duplicates == args.duplicates - 1 and i > 0:
                number = args.first_phone + i // 2
            name = f"{FIRST[i % len(FIRST)]} {LAST[(i // len(FIRST)) % len(LAST)]} {i}"
            writer.writerow([name, spelled(number, i), f"prospecto{i}@example.com", STAGES[i % len(STAGES)]])
    print(f"wrote {args.rows} rows to {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
