"""The seed tutorial's program as written (Keras fit, 400 epochs at batch size 1), plus a seed and a
JSON line.

Usage: python bench/seed_as_written.py SEED

Prints {"prediction": ..., "r2": ..., "seconds": ...} so bench/run.py can compare it with
`lstm_nb demo --recipe seed`; "seconds" is the time after the imports: the tutorial's modelling
alone.
"""
import json
import os
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
from numpy import array  # noqa: E402
import keras  # noqa: E402
from keras.layers import LSTM, Dense  # noqa: E402
from keras.models import Sequential  # noqa: E402
from sklearn.metrics import r2_score  # noqa: E402

start = time.perf_counter()
keras.utils.set_random_seed(int(sys.argv[1]) if len(sys.argv) > 1 else 0)
x = array([[1, 2, 3], [2, 3, 4], [3, 4, 5], [4, 5, 6], [5, 6, 7]])
y = array([4, 5, 6, 7, 8])
x = x.reshape((x.shape[0], x.shape[1], 1))
model = Sequential()
# the seed's own spelling
model.add(LSTM(10, activation="relu", input_shape=(x.shape[1], x.shape[2])))
model.add(Dense(1))
model.compile(optimizer="adam", loss="mse")
model.fit(x, y, epochs=400, batch_size=1, verbose=0)
yhat = model.predict(array([6, 7, 8]).reshape((1, 3, 1)), verbose=0)
x2 = array([[5, 6, 7], [6, 7, 8], [9, 10, 11], [11, 12, 13]])
y_pred = model.predict(x2.reshape((x2.shape[0], x2.shape[1], 1)), verbose=0)
print(json.dumps({"prediction": float(yhat[0, 0]), "r2": float(r2_score([8, 9, 12, 14], y_pred)),
                  "seconds": time.perf_counter() - start}))
