"""A local FlowMusic API on the standard library only, for the demo, the tests and the benchmarks."""
