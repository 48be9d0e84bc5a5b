"""What is waiting for each role in a community (the workspace home's to-do list and
``GET /communities/{c}/todo``), and today's incomes at a glance."""
