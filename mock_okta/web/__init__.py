"""What every view package shares: the error dialects and the org session cookie."""
