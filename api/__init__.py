"""Binôme: case management for SLIME home visits against energy poverty."""
