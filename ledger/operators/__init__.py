"""Operators (经营主体): the business lines whose income is recorded and split."""
