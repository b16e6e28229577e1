"""Kernels of the work: training FLOPs, step time with the gradient exchange, checkpointing and its timeline."""
