"""Write ``dbt_project/seeds/indonesia_places.csv``: Indonesia's provinces, regencies and cities.

The places and their codes are the Ministry of Home Affairs' (Kemendagri) as the npm package
``idn-area-data`` ships them (version 4.0.1 follows Kepmendagri No. 300.2.2-2138 Tahun 2025:
38 provinces, 416 kabupaten and 98 kota). Get the package without installing it::

    mkdir -p /tmp/idn && cd /tmp/idn && npm pack idn-area-data@4.0.1
    tar xzf idn-area-data-4.0.1.tgz          # optional: the script also reads the .tgz

then run, from the repository root::

    python scripts/generate_places_seed.py /tmp/idn/idn-area-data-4.0.1.tgz

(or the unpacked ``/tmp/idn/package`` folder). It prints the package's version and, given the
tarball, its sha256; ``dbt_project/seeds/_seeds.yml`` records both in the seed's description.
The package's data is under the Open Database License (ODbL 1.0).

The script checks the data before it writes anything and stops with a message saying what is
wrong: 38 provinces, 514 regencies and cities (416 + 98), codes unique, each regency's code
starting with its province's code, no empty names. Standard library only.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import sys
import tarfile
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
SEED = REPO_ROOT / "dbt_project" / "seeds" / "indonesia_places.csv"

PACKAGE = "idn-area-data"
EXPECTED_PROVINCES = 38
EXPECTED_REGENCIES = 416  # kabupaten
EXPECTED_CITIES = 98  # kota

COLUMNS = ["place_code", "place_name", "short_name", "place_kind", "province_code", "province_name"]

# The package gives two provinces their long official names; reporting uses the short forms.
PROVINCE_NAMES = {
    "Daerah Khusus Ibukota Jakarta": "DKI Jakarta",
    "Daerah Khusus Jakarta": "DKI Jakarta",
    "Daerah Istimewa Yogyakarta": "DI Yogyakarta",
}

# Longest first, so that "Kota Administrasi" is taken before "Kota".
_PREFIXES = (
    ("Kabupaten Administrasi ", "regency"),
    ("Kota Administrasi ", "city"),
    ("Kabupaten ", "regency"),
    ("Kota ", "city"),
)

# Words kept lower-case inside a title-cased name ("Pangkajene dan Kepulauan").
_SMALL_WORDS = {"dan"}


class PlacesError(ValueError):
    """The package's data breaks an invariant; the message says which."""


def title_case(name: str) -> str:
    """``KABUPATEN ACEH SELATAN`` -> ``Kabupaten Aceh Selatan``; mixed case is kept as given."""
    name = " ".join(name.split())
    if not name.isupper():
        return name
    words = name.lower().split(" ")
    return " ".join(
        w if i and w in _SMALL_WORDS else "-".join(p[:1].upper() + p[1:] for p in w.split("-"))
        for i, w in enumerate(words)
    )


def province_name(official: str) -> str:
    name = title_case(official)
    return PROVINCE_NAMES.get(name, name)


def split_kind(name: str) -> tuple[str, str]:
    """(short name, kind) of a regency or city name: ``Kota Malang`` -> (``Malang``, ``city``)."""
    for prefix, kind in _PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix) :].strip(), kind
    raise PlacesError(f"{name!r} starts with neither 'Kabupaten' nor 'Kota'")


def build_rows(
    provinces: Iterable[Mapping[str, str]], regencies: Iterable[Mapping[str, str]]
) -> list[dict[str, str]]:
    """The seed's rows, provinces first, each followed by its regencies and cities."""
    rows: list[dict[str, str]] = []
    names: dict[str, str] = {}
    for p in provinces:
        code, name = p["code"].strip(), province_name(p["name"])
        names[code] = name
        rows.append(
            {
                "place_code": code,
                "place_name": name,
                "short_name": name,
                "place_kind": "province",
                "province_code": code,
                "province_name": name,
            }
        )
    for r in regencies:
        name = title_case(r["name"])
        short, kind = split_kind(name) if name else ("", "")
        province_code = r["province_code"].strip()
        rows.append(
            {
                "place_code": r["code"].strip(),
                "place_name": name,
                "short_name": short,
                "place_kind": kind,
                "province_code": province_code,
                "province_name": names.get(province_code, ""),
            }
        )
    return sorted(rows, key=lambda row: [int(part) for part in row["place_code"].split(".")])


def check_rows(rows: list[Mapping[str, str]]) -> None:
    """Raise PlacesError unless ``rows`` are Kemendagri's 38 provinces and 514 regencies/cities."""
    problems: list[str] = []
    kinds = Counter(row["place_kind"] for row in rows)
    if kinds["province"] != EXPECTED_PROVINCES:
        problems.append(f"{kinds['province']} provinces, expected {EXPECTED_PROVINCES}")
    if kinds["regency"] != EXPECTED_REGENCIES:
        problems.append(f"{kinds['regency']} kabupaten, expected {EXPECTED_REGENCIES}")
    if kinds["city"] != EXPECTED_CITIES:
        problems.append(f"{kinds['city']} kota, expected {EXPECTED_CITIES}")
    unknown = set(kinds) - {"province", "regency", "city"}
    if unknown:
        problems.append(f"unknown place kinds {sorted(unknown)}")
    codes = Counter(row["place_code"] for row in rows)
    duplicates = sorted(code for code, n in codes.items() if n > 1)
    if duplicates:
        problems.append(f"duplicate codes {duplicates[:10]}")
    provinces = {row["place_code"]: row for row in rows if row["place_kind"] == "province"}
    for row in rows:
        code = row["place_code"]
        for column in COLUMNS:
            if not (row.get(column) or "").strip():
                problems.append(f"{code or '?'}: empty {column}")
        if row["place_kind"] == "province":
            if "." in code:
                problems.append(f"province {code} has a regency-shaped code")
            continue
        province = provinces.get(row["province_code"])
        if province is None:
            problems.append(f"{code}: no province {row['province_code']!r}")
        elif not code.startswith(row["province_code"] + "."):
            problems.append(
                f"{code} does not begin with its province's code {province['place_code']}"
            )
        elif row["province_name"] != province["place_name"]:
            problems.append(f"{code}: province name {row['province_name']!r} is not the province's")
    if problems:
        raise PlacesError("; ".join(problems))


_FILES = ("package.json", "data/provinces.csv", "data/regencies.csv")


def _package_files(path: Path) -> tuple[dict[str, str], str]:
    """The files the seed needs, by name, and the tarball's sha256 ("" for a folder)."""
    if path.is_dir():
        root = path / "package" if (path / "package" / "package.json").is_file() else path
        files = {name: (root / name).read_text(encoding="utf-8") for name in _FILES}
        return files, ""
    if not path.is_file():
        raise PlacesError(f"{path} is neither the package's folder nor its .tgz")
    sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
    files = {}
    with tarfile.open(path, "r:gz") as archive:
        for name in _FILES:
            member = archive.extractfile(f"package/{name}")
            if member is None:
                raise PlacesError(f"{path} has no package/{name}")
            files[name] = member.read().decode("utf-8")
    return files, sha256


def read_package(path: Path) -> tuple[str, str, list[dict], list[dict]]:
    """(version, sha256 or "", provinces, regencies) from a package folder or its .tgz."""
    try:
        files, sha256 = _package_files(path)
    except (KeyError, FileNotFoundError) as exc:
        raise PlacesError(f"{path} does not look like {PACKAGE}: {exc}") from None
    meta = json.loads(files["package.json"])
    if meta.get("name") != PACKAGE:
        raise PlacesError(f"{path} is {meta.get('name')!r}, not {PACKAGE}")
    provinces = list(csv.DictReader(io.StringIO(files["data/provinces.csv"])))
    regencies = list(csv.DictReader(io.StringIO(files["data/regencies.csv"])))
    return meta.get("version", "?"), sha256, provinces, regencies


def read_seed(path: Path = SEED) -> list[dict[str, str]]:
    """The committed seed's rows."""
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_seed(rows: list[dict[str, str]], path: Path = SEED) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("package", type=Path, help="idn-area-data's .tgz or unpacked folder")
    parser.add_argument("--out", type=Path, default=SEED, help=f"default: {SEED}")
    args = parser.parse_args(argv)
    try:
        version, sha256, provinces, regencies = read_package(args.package)
        rows = build_rows(provinces, regencies)
        check_rows(rows)
    except (PlacesError, OSError, tarfile.TarError) as exc:
        print(f"generate_places_seed: refusing to write {args.out}: {exc}", file=sys.stderr)
        return 1
    write_seed(rows, args.out)
    kinds = Counter(row["place_kind"] for row in rows)
    print(
        f"{args.out}: {kinds['province']} provinces, {kinds['regency']} kabupaten, "
        f"{kinds['city']} kota from {PACKAGE} {version}" + (f" (sha256 {sha256})" if sha256 else "")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
