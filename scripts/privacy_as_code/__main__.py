from privacy_as_code.cli import run

run()
