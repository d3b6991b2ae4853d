"""LSTM sequence prediction with Keras: the lstm_nb course's package.

The user's API is re-exported here lazily (PEP 562): `import lstm_nb` loads neither TensorFlow nor
pandas, and the first use of a name imports only the module that defines it. This file is written
by hand; nbdev updates only its version line.
"""

__version__ = "0.1.0"

import importlib

_EXPORTS = {  # name -> the module that defines it
    "Forecaster": "forecaster", "Forecast": "forecaster", "load_model": "forecaster",
    "save_model": "forecaster", "read_series": "files", "make_windows": "data",
    "default_window": "data", "check_series": "checks", "train_forecaster": "train",
    "forecast": "predict", "calibrate": "backtest", "score_last": "backtest",
    "score_table": "metrics", "benchmark_forecasts": "metrics",
    "GlobalForecaster": "many", "backtest_many": "many", "read_long": "long", "check_long": "long",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name):
    if name not in _EXPORTS: raise AttributeError(f"module 'lstm_nb' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"lstm_nb.{_EXPORTS[name]}"), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__(): return sorted([*globals(), *_EXPORTS])
