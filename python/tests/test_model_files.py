"""Model files shared with the CLI, pickling, ONNX export."""
import csv
import os
import pickle
import subprocess

import numpy as np
import pytest

import bprop

CLI = os.environ.get("BPROP_CLI")
needs_cli = pytest.mark.skipif(not CLI, reason="BPROP_CLI (the bprop executable) is not set")


def write_csv(path, X, y=None):
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow([f"x{j}" for j in range(X.shape[1])] + ([] if y is None else ["label"]))
        for i, row in enumerate(X):
            w.writerow([repr(float(v)) for v in row] + ([] if y is None else [y[i]]))


def cli_trained(tmp_path, X, labels, epochs):
    """The model `bprop train` fits to X and these labels (8 relu units, seed 3): its path."""
    write_csv(tmp_path / "train.csv", X, list(labels))
    model = tmp_path / "cli.bprop"
    subprocess.run([CLI, "train", "--data", str(tmp_path / "train.csv"), "--layers", "8,relu,3",
                    "--epochs", str(epochs), "--seed", "3", "--out", str(model)], check=True,
                   capture_output=True)
    return model


def cli_probabilities(model_path, X, tmp_path):
    data = tmp_path / "predict.csv"
    write_csv(data, X)
    out = subprocess.run([CLI, "predict", "--model", str(model_path), "--data", str(data)],
                         check=True, capture_output=True, text=True).stdout.splitlines()
    header = out[0].split(",")
    rows = [line.split(",") for line in out[1:]]
    labels = [r[0] for r in rows]
    probs = np.array([[np.float32(v) for v in r[1:]] for r in rows])
    return header, labels, probs


@needs_cli
@pytest.mark.parametrize("n_classes", [2, 3])  # 2: the CLI picks bce, 3: softmax-ce
def test_cli_model_file_predicts_bitwise_the_same_in_python(tmp_path, blobs, n_classes):
    X, y = blobs
    keep = y < n_classes
    X, y = X[keep], y[keep]
    write_csv(tmp_path / "train.csv", X, [f"c{k}" for k in y])
    model = tmp_path / "cli.bprop"
    subprocess.run([CLI, "train", "--data", str(tmp_path / "train.csv"), "--layers",
                    "8,relu,8,tanh," + ("1" if n_classes == 2 else "3"), "--epochs", "5",
                    "--seed", "3", "--out", str(model)], check=True, capture_output=True)
    est = bprop.load(model)
    assert isinstance(est, bprop.MLPClassifier)
    assert list(est.classes_) == [f"c{k}" for k in range(n_classes)]
    assert est.out_activation_ == ("logistic" if n_classes == 2 else "softmax")
    assert est.n_layers_ == 4 and est.t_ == 5 * len(X)  # epochs x train_samples
    _, labels, cli_probs = cli_probabilities(model, X, tmp_path)
    py_probs = est.predict_proba(X).astype(np.float32)
    if n_classes == 2:  # the CLI computes 1 - p in double; compare the model's own output
        np.testing.assert_array_equal(py_probs[:, 1], cli_probs[:, 1])
    else:
        np.testing.assert_array_equal(py_probs, cli_probs)
    assert list(est.predict(X)) == labels


@needs_cli
def test_python_model_file_predicts_bitwise_the_same_in_the_cli(tmp_path, blobs):
    X, y = blobs
    est = bprop.MLPClassifier(hidden_layer_sizes=(16, 8), max_iter=20, random_state=0)
    est.fit(X, np.array(["a", "b", "c"])[y])
    est.save(tmp_path / "py.bprop")
    header, labels, cli_probs = cli_probabilities(tmp_path / "py.bprop", X, tmp_path)
    assert header == ["class", "p_a", "p_b", "p_c"]
    np.testing.assert_array_equal(est.predict_proba(X).astype(np.float32), cli_probs)
    assert list(est.predict(X)) == labels


def test_save_and_load_keep_predictions_and_names(tmp_path, blobs):
    X, y = blobs
    reg = bprop.MLPRegressor(hidden_layer_sizes=(8,), max_iter=10, random_state=1)
    reg.fit(X, np.column_stack([y, 2 * y]).astype(float))
    reg.save(tmp_path / "reg.bprop")
    back = bprop.load(tmp_path / "reg.bprop")
    assert isinstance(back, bprop.MLPRegressor)
    assert back.hidden_layer_sizes == (8,) and back.activation == "relu"
    np.testing.assert_array_equal(back.predict(X), reg.predict(X))
    clf = bprop.MLPClassifier(max_iter=5, random_state=1).fit(X, y + 10)
    clf.save(str(tmp_path / "clf.bprop"))
    back = bprop.load(str(tmp_path / "clf.bprop"))
    assert back.classes_.dtype == clf.classes_.dtype and list(back.classes_) == [10, 11, 12]
    np.testing.assert_array_equal(back.predict_proba(X), clf.predict_proba(X))
    assert back.n_iter_ == clf.n_iter_ and back.loss_curve_ == clf.loss_curve_


@pytest.mark.parametrize("Est", [bprop.MLPClassifier, bprop.MLPRegressor])
def test_pickle_round_trip_goes_through_the_checksummed_model_bytes(blobs, Est):
    X, y = blobs
    est = Est(hidden_layer_sizes=(12,), max_iter=10, random_state=2).fit(X, y)
    data = pickle.dumps(est)
    assert b"BPROPMDL" in data  # the model file's magic: the bytes are the model file
    back = pickle.loads(data)
    np.testing.assert_array_equal(back.predict(X), est.predict(X))
    assert back.get_params() == est.get_params()
    # One flipped byte inside the model bytes: the checksum refuses it with a clear error.
    raw = est._model.to_bytes()
    i = data.find(raw)
    assert i >= 0
    bad = bytearray(data)
    bad[i + len(raw) // 2] ^= 0xFF
    with pytest.raises(ValueError, match="pickled bprop model"):
        pickle.loads(bytes(bad))


@pytest.mark.parametrize("solver", ["adam", "sgd"])
def test_partial_fit_after_unpickling_continues_the_optimizer_state(blobs, solver):
    X, y = blobs
    est = bprop.MLPClassifier(hidden_layer_sizes=(12,), solver=solver, random_state=3)
    for _ in range(3):
        est.partial_fit(X, y, classes=np.unique(y))
    back = pickle.loads(pickle.dumps(est))
    est.partial_fit(X, y)
    back.partial_fit(X, y)
    # Bitwise the same step: Adam's moments and step counts (SGD's velocity) came along.
    for a, b in zip(back.coefs_ + back.intercepts_, est.coefs_ + est.intercepts_):
        np.testing.assert_array_equal(a, b)
    # Without them the step differs: the optimizer would have started afresh.
    fresh = pickle.loads(pickle.dumps(est))
    fresh._model = bprop._bprop.Model.from_bytes(est._model.to_bytes(), "model")
    fresh.partial_fit(X, y)
    est.partial_fit(X, y)
    assert not np.array_equal(fresh.coefs_[0], est.coefs_[0])


def test_onnx_export_writes_a_model_onnx_accepts(tmp_path, blobs):
    X, y = blobs
    est = bprop.MLPClassifier(hidden_layer_sizes=(8,), max_iter=5, random_state=0).fit(X, y)
    est.export_onnx(tmp_path / "m.onnx")
    est.export_onnx(tmp_path / "m64.onnx", precision="float64")
    data = (tmp_path / "m.onnx").read_bytes()
    assert len(data) > 100
    with pytest.raises(ValueError, match="precision"):
        est.export_onnx(tmp_path / "bad.onnx", precision="float16")
    assert not (tmp_path / "bad.onnx").exists()
    onnx = pytest.importorskip("onnx", reason="python3-onnx is not installed")
    onnx.checker.check_model(onnx.load(str(tmp_path / "m.onnx")))
    wide = onnx.load(str(tmp_path / "m64.onnx"))
    onnx.checker.check_model(wide)
    assert {p.key: p.value for p in wide.metadata_props}["compute"] == "float64"


@needs_cli
def test_training_an_int8_model_drops_its_stale_int8_network(tmp_path, blobs):
    X, y = blobs
    write_csv(tmp_path / "train.csv", X, [f"c{k}" for k in y])
    model, int8_model = tmp_path / "float.bprop", tmp_path / "int8.bprop"
    subprocess.run([CLI, "train", "--data", str(tmp_path / "train.csv"), "--layers", "8,relu,3",
                    "--epochs", "5", "--seed", "3", "--out", str(model)], check=True,
                   capture_output=True)
    subprocess.run([CLI, "quantize", str(model), "--calibrate", str(tmp_path / "train.csv"),
                    "-o", str(int8_model)], check=True, capture_output=True)
    est = bprop.load(int8_model)
    _, _, int8_probs = cli_probabilities(int8_model, X, tmp_path)
    np.testing.assert_array_equal(est.predict_proba(X).astype(np.float32), int8_probs)
    with pytest.raises(ValueError, match="an int8 model"):  # ONNX would hold the float network
        est.export_onnx(tmp_path / "int8.onnx")
    assert not (tmp_path / "int8.onnx").exists()
    est.partial_fit(X, np.array([f"c{k}" for k in y]))
    est.save(tmp_path / "trained.bprop")
    inspect = subprocess.run([CLI, "inspect", str(tmp_path / "trained.bprop")], check=True,
                             capture_output=True, text=True).stdout
    assert "model format version 3" not in inspect  # no int8 network left in the file
    assert not any(line.startswith("int8:") for line in inspect.splitlines())
    _, _, trained_probs = cli_probabilities(tmp_path / "trained.bprop", X, tmp_path)
    np.testing.assert_array_equal(est.predict_proba(X).astype(np.float32), trained_probs)


@needs_cli
@pytest.mark.parametrize("labels, classes", [
    # Integers: the CLI sorts them by value (2 < 7 < 10; as text "10" < "2") and reads "07" as 7.
    (["2", "07", "10", "7"], np.array([2, 7, 10])),
    # Any label that is no integer: all are names, sorted bytewise, and stay strings.
    (["2", "7", "ten", "7"], np.array(["2", "7", "ten"])),
])
def test_a_cli_model_gives_back_the_labels_the_cli_read(tmp_path, blobs, labels, classes):
    X, y = blobs
    y_file = np.array(labels)[np.where(y == 1, 1 + 2 * (np.arange(len(y)) % 2), y)]
    model = cli_trained(tmp_path, X, y_file, epochs=20)
    est = bprop.load(model)
    np.testing.assert_array_equal(est.classes_, classes)
    assert est.classes_.dtype == classes.dtype  # int64 for integers, not '<U2'
    header, cli_labels, cli_probs = cli_probabilities(model, X, tmp_path)
    assert header == ["class"] + [f"p_{c}" for c in classes]  # predict_proba's column order
    np.testing.assert_array_equal(est.predict_proba(X).astype(np.float32), cli_probs)
    assert list(est.predict(X)) == list(classes.dtype.type(v) for v in cli_labels)
    truth = y_file.astype(classes.dtype)  # the file's labels as the CLI read them ("07": 7)
    assert est.score(X, truth) == np.mean(np.array(cli_labels) == truth.astype(str)) > 0.9
    est.save(tmp_path / "again.bprop")  # a Python save keeps the dtype
    assert bprop.load(tmp_path / "again.bprop").classes_.dtype == classes.dtype


@pytest.mark.parametrize("columns", [None, 1, 2])  # y of shape (n,), (n, 1), (n, 2)
def test_a_regressor_predicts_the_shape_of_its_y_after_save_and_load(tmp_path, blobs, columns):
    X, y = blobs
    Y = np.column_stack([y, -y]).astype(float)
    y = Y[:, 0] if columns is None else Y[:, :columns]
    reg = bprop.MLPRegressor(hidden_layer_sizes=(8,), max_iter=5, random_state=0).fit(X, y)
    reg.save(tmp_path / "reg.bprop")
    shapes = {reg.predict(X).shape, pickle.loads(pickle.dumps(reg)).predict(X).shape,
              bprop.load(tmp_path / "reg.bprop").predict(X).shape}
    assert shapes == {y.shape}  # (n, 1) stays (n, 1): the file records y's dimensionality
    bprop.load(tmp_path / "reg.bprop").save(tmp_path / "again.bprop")
    assert bprop.load(tmp_path / "again.bprop").predict(X).shape == y.shape


@needs_cli
def test_load_reads_the_cli_training_record_and_save_keeps_it(tmp_path, blobs):
    X, y = blobs
    model = cli_trained(tmp_path, X, y, epochs=7)
    est = bprop.load(model)
    meta = dict(est._model.metadata)
    assert meta["epochs"] == "7" and est.n_iter_ == 7  # before: 0
    assert est.loss_curve_ == [] and np.isnan(est.best_loss_)  # the CLI writes no curve
    est.save(tmp_path / "resaved.bprop")  # no training in between: the file's record is kept
    back = bprop.load(tmp_path / "resaved.bprop")
    assert dict(back._model.metadata) == meta and back.n_iter_ == 7
    shown = subprocess.run([CLI, "inspect", str(tmp_path / "resaved.bprop")], check=True,
                           capture_output=True, text=True).stdout
    assert "  epochs: 7\n" in shown and "loss_curve" not in shown
    # Training continues the record: one more epoch.
    est.partial_fit(X, y)
    assert est.n_iter_ == 8 and len(est.loss_curve_) == 1
    assert est._model.metadata["epochs"] == "8"


def test_a_python_model_keeps_its_training_record_through_load_and_save(tmp_path, blobs):
    X, y = blobs
    clf = bprop.MLPClassifier(hidden_layer_sizes=(8,), max_iter=6, random_state=0).fit(X, y)
    clf.save(tmp_path / "a.bprop")
    back = bprop.load(tmp_path / "a.bprop")
    back.save(tmp_path / "b.bprop")
    again = bprop.load(tmp_path / "b.bprop")
    assert (tmp_path / "a.bprop").read_bytes() == (tmp_path / "b.bprop").read_bytes()
    assert again.n_iter_ == clf.n_iter_ == 6 and again.loss_curve_ == clf.loss_curve_
    back.partial_fit(X, y)
    assert back.n_iter_ == 7 and back.loss_curve_[:6] == clf.loss_curve_


def test_bool_labels_come_back_as_bools_from_save_load_and_pickle(tmp_path):
    rng = np.random.RandomState(0)
    X = rng.randn(60, 3)
    y = X[:, 0] > 0  # bool labels, as scikit-learn takes them
    clf = bprop.MLPClassifier(hidden_layer_sizes=(4,), max_iter=5, random_state=0)
    with pytest.warns(Warning):  # max_iter=5: not converged
        clf.fit(X, y)
    clf.save(tmp_path / "bool.bprop")
    for back in (bprop.load(tmp_path / "bool.bprop"), pickle.loads(pickle.dumps(clf))):
        assert back.classes_.dtype == np.bool_ and list(back.classes_) == [False, True]
        predicted = back.predict(X)
        assert predicted.dtype == np.bool_
        np.testing.assert_array_equal(predicted, clf.predict(X))
    assert bprop.load(tmp_path / "bool.bprop").score(X, y) == clf.score(X, y)
    # Names that do not read as the recorded dtype: a ValueError naming the file and the cause.
    clf._model.metadata = {**clf._model.metadata, "python_classes_dtype": "<i8"}
    clf.save(tmp_path / "odd.bprop")
    with pytest.raises(ValueError, match=r"odd\.bprop: the class names .* python_classes_dtype"):
        bprop.load(tmp_path / "odd.bprop")
