"""Statistical process control (SPC) for improvement work."""
