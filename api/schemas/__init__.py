"""Request and response models, per resource. None of them inherits from a table."""
