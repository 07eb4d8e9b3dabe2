"""A DataFrame's names in the model: the target's name is recorded for `bprop evaluate` whenever
the features are named (audit 5, finding 05), and a warm start checks the features' names as
partial_fit and scikit-learn do (audit 5, finding 10)."""
import os
import subprocess

import numpy as np
import pytest

import bprop

CLI = os.environ.get("BPROP_CLI")
needs_cli = pytest.mark.skipif(not CLI, reason="BPROP_CLI (the bprop executable) is not set")
pd = pytest.importorskip("pandas", reason="python3-pandas is not installed")


def numbers(n=300, seed=0):
    rng = np.random.default_rng(seed)
    return pd.DataFrame({"a": rng.normal(size=n), "b": rng.normal(size=n)})


def cli(*args):
    return subprocess.run([CLI, *map(str, args)], check=True, capture_output=True,
                          text=True).stdout


@needs_cli
def test_a_frame_of_numbers_records_the_target_name_and_evaluate_reads_it(tmp_path):
    # Before, only a frame that needed the tabular encoding recorded it: `bprop evaluate` took
    # the file's last column ('flag') as the target, R² 0 for a model of R² 0.99.
    X = numbers()
    price = pd.Series(X.a * 3 + 1, name="price")
    reg = bprop.MLPRegressor(random_state=0, max_iter=300).fit(X, price)
    reg.save(tmp_path / "reg.bprop")
    label = pd.Series(np.where(X.a > 0, "pos", "neg"), name="label")
    clf = bprop.MLPClassifier(random_state=0, max_iter=300).fit(X, label)
    clf.save(tmp_path / "cls.bprop")
    assert "targets: price\n" in cli("inspect", tmp_path / "reg.bprop")
    assert "targets: label\n" in cli("inspect", tmp_path / "cls.bprop")
    X.assign(price=price, flag=0.0).to_csv(tmp_path / "reg.csv", index=False)
    X.assign(label=label, note="pos").to_csv(tmp_path / "cls.csv", index=False)
    shown = cli("evaluate", "-m", tmp_path / "reg.bprop", "-d", tmp_path / "reg.csv")
    r2 = float(next(line for line in shown.splitlines() if line.startswith("R²:")).split()[-1])
    assert r2 == pytest.approx(reg.score(X, price), abs=1e-3) and r2 > 0.9
    shown = cli("evaluate", "-m", tmp_path / "cls.bprop", "-d", tmp_path / "cls.csv")
    assert f"accuracy: {clf.score(X, label):.4f}" in shown


def test_the_target_names_of_a_frame_of_numbers(tmp_path):
    X = numbers(40)
    cases = [(pd.Series(X.a, name="price"), ["price"]), (X.a.rename("b"), ["y"]),
             (X.a.to_numpy(), ["y"]), (pd.DataFrame({"p": X.a, "a": X.b}), ["p", "y1"]),
             (np.column_stack([X.a, X.b]), ["y0", "y1"])]
    for y, names in cases:
        reg = bprop.MLPRegressor(max_iter=2).fit(X, y)
        assert reg._model.target_names == names
        reg.save(tmp_path / "r.bprop")
        assert bprop.load(tmp_path / "r.bprop")._model.target_names == names
    # No feature names, no target name: such a model reads a file's columns by position.
    assert bprop.MLPRegressor(max_iter=2).fit(X.to_numpy(), X.a)._model.target_names == []


@pytest.mark.parametrize("Est", [bprop.MLPClassifier, bprop.MLPRegressor])
def test_a_warm_start_refuses_features_in_another_order_or_named_otherwise(Est):
    # Before, the new frame's names were adopted and its columns fed by position to weights
    # trained on other columns (R² 0.998 -> -58 after one epoch).
    X = numbers()
    y = (X.a > 0).astype(int)
    est = Est(warm_start=True, max_iter=20, random_state=0).fit(X, y)
    est.set_params(max_iter=1)
    for other in (X[["b", "a"]], X.rename(columns={"a": "height", "b": "weight"})):
        with pytest.raises(ValueError, match="feature names should match"):
            est.fit(other, y)
        assert list(est.feature_names_in_) == ["a", "b"]
    est.fit(X, y)  # the same columns continue training
    assert est.n_iter_ == 21
    # Without warm_start, fit starts afresh and takes the new frame's names, as scikit-learn.
    est.set_params(warm_start=False).fit(X[["b", "a"]], y)
    assert list(est.feature_names_in_) == ["b", "a"]
