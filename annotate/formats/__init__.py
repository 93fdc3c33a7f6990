"""Converters to and from the formats of other tools, one module per format."""
