"""The GP services: the concept in ``catalog``, a service's own pages in ``views``."""
