from tocsin.cli.main import cli

cli(prog_name="tocsin")
