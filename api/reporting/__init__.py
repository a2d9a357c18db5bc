"""Pure functions of the yearly reporting: order statistics and statistical disclosure control."""
