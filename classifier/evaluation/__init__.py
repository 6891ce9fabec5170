"""Measuring the model, apart from what serves it: the behavioural suite and the model card."""
