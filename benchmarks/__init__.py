"""Repeatable performance runs that print ratios (see docs/performance.md)."""
