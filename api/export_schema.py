"""`python -m api.export_schema [--check]`: the same as `studiograph export-schema`."""

import sys

from studiograph_cli import main

if __name__ == "__main__":
    sys.exit(main(["export-schema", *sys.argv[1:]]))
