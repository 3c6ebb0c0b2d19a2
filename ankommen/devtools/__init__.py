"""Tools that are not the product: benchmarks, synthetic data, the demo crawler and the
helpers the tests share. Installed only with DEBUG, with ANKOMMEN_DEVTOOLS=true or under
the tests (see INSTALLED_APPS in ankommen/settings.py), and left out of the built wheel."""
