"""Tools around the product: the generator of synthetic plans with their ground truth."""
