"""Users, roles, community scopes, API tokens and the access checks of every route."""
