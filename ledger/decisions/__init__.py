"""Council decisions (议事会决议): what a residents' council decided, by how many votes,
with its minutes stored by SHA-256, and the project budgets it approved."""
