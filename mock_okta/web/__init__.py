"""What every view package shares: the error dialects, the org session cookie and
the no-store headers."""
