"""Mock-interview coach for second-round interviews: personas, STAR feedback, offline by default."""

__version__ = "0.1.0"
