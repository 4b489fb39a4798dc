"""How fast the news extractor runs, and whether its time grows linearly with the corpus.

Builds corpora of a few thousand articles at run time by varying the seed articles in
../shared/news (every figure replaced by another written the same way, office names swapped),
then times ``extract_facts`` on one core for two corpus sizes.

    PYTHONPATH=src python benchmarks/bench_extract.py [--sizes 1000 4000]
"""

from __future__ import annotations

import argparse
import random
import re
import time

from capaian.attainment_report.formatting import count
from capaian.news.articles import decode_text
from capaian.news.extract import extract_facts
from capaian.news.extract.evaluation import shared_dir

SHARED = shared_dir() / "news"
_GROUPED = re.compile(r"\b\d{1,3}(?:\.\d{3})+\b")
_OFFICE = re.compile(r"(Cabang|Wilayah|Kanwil)\s+[A-Z]\w+")
_PLACES = ["Batam Nagoya", "Pekalongan", "Manado", "Kendari", "Jambi", "Madiun", "Ambon", "Sorong"]


def _templates() -> list[str]:
    folders = [SHARED / "seeds", SHARED / "dev" / "articles"]
    return [
        decode_text(p.read_bytes())[0] for folder in folders for p in sorted(folder.glob("*.txt"))
    ]


def _vary(text: str, rng: random.Random) -> str:
    text = _GROUPED.sub(lambda m: count(rng.randint(1_000, 2_000_000)), text)
    return _OFFICE.sub(lambda m: f"{m.group(1)} {rng.choice(_PLACES)}", text)


def build_corpus(size: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    templates = _templates()
    return [_vary(templates[i % len(templates)], rng) for i in range(size)]


def measure(corpus: list[str]) -> float:
    start = time.perf_counter()
    for number, text in enumerate(corpus):
        extract_facts(text, str(number), "2019-06-01")
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 4000])
    args = parser.parse_args()
    measure(build_corpus(50))  # warm up: the gazetteer and the regex caches load once
    timings = []
    for size in args.sizes:
        corpus = build_corpus(size)
        seconds = measure(corpus)
        characters = sum(map(len, corpus))
        timings.append((size, seconds))
        print(
            f"{size:6d} articles ({characters / 1e6:.1f} M chars): {seconds:6.2f} s, "
            f"{size / seconds:7.0f} articles/s"
        )
    if len(timings) >= 2:
        (small, small_s), (large, large_s) = timings[0], timings[-1]
        # Linear time: the time ratio is close to the size ratio (per-article rate ratio ~1).
        print(
            f"time ratio {large_s / small_s:.2f} for size ratio {large / small:.2f} "
            f"(per-article time ratio {(large_s / large) / (small_s / small):.2f})"
        )


if __name__ == "__main__":
    main()
