"""When scheduled jobs are due. Pure."""
