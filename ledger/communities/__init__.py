"""Communities (社区): the tenants. Creating one seeds its chart of accounts."""
