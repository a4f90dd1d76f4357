"""The benchmark behind `make bench` (see docs/bench.md)."""
