"""``python -m sandbox.catalog --out samples/ozon/catalog.json [--size N] [--seed S]``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from sandbox.catalog.generator import generate_catalog
from sandbox.catalog.model import Product


def render_catalog(products: list[Product]) -> str:
    """The readable JSON form committed as ``samples/ozon/catalog.json``."""
    body = {"products": [p.to_dict() for p in products]}
    return json.dumps(body, ensure_ascii=False, indent=1) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sandbox.catalog", description="Write the Ozon sample catalog.")
    parser.add_argument("--out", type=Path, help="file to write (default: stdout)")
    parser.add_argument("--size", type=int, default=None, help="exact number of products")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if args.size is not None and args.size < 0:
        parser.error("--size cannot be negative")
    text = render_catalog(generate_catalog(args.size, args.seed))
    if args.out is None:
        sys.stdout.write(text)
    else:
        args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
