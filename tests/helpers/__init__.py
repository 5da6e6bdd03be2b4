"""What the tests (and the benchmarks) share: documents they make, corpora, servers."""
