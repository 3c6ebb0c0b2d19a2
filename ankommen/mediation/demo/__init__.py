def load_demo_pool(*, stdout) -> None:
    stdout.write("mediation: demo pool not yet built\n")
