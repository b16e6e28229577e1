"""Analyses over many evaluations of the chain: break-even, uncertainty, and the whole run of one scenario."""
