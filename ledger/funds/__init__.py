"""Funds (基金): the public-benefit fund, earmarked sub-funds and compounds' trust funds."""
