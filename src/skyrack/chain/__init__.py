"""The chain: thin named steps over the models — design, simulate, compare, passes (see docs/architecture.md)."""
