"""Projects (公益项目 / 微项目): what a fund pays for, with a budget."""
