"""Trust-based property management (信托制物业): compounds, their trust funds and statements."""
