"""Turn a study guide's curriculum into GitHub issues, milestones and a self-updating README."""
