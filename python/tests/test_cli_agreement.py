"""The CLI and Python read the same model and data alike where a number has several spellings: a
categorical column of numbers (audit 5, finding 03) and class names of one integer (finding
09)."""
import os
import subprocess
import warnings

import numpy as np
import pytest

import bprop

CLI = os.environ.get("BPROP_CLI")
pytestmark = pytest.mark.skipif(not CLI, reason="BPROP_CLI (the bprop executable) is not set")
pd = pytest.importorskip("pandas", reason="python3-pandas is not installed")


def cli(*args):
    return subprocess.run([CLI, *map(str, args)], check=True, capture_output=True, text=True)


def test_a_categorical_column_of_numbers_is_one_category_per_value_in_both_tools(tmp_path):
    # pandas writes 1.0, 2.0, 3.0 and reads them back as floats, whose cells are "1", "2", "3":
    # by text, the file's and Python's spellings were two categories (accuracy 1.00 and 0.67).
    rng = np.random.default_rng(0)
    d = pd.DataFrame({"code": rng.choice([1.0, 2.0, 3.0], 200), "b": rng.normal(size=200)})
    d["y"] = np.where(d.code == 2.0, "yes", "no")
    d.to_csv(tmp_path / "data.csv", index=False)
    cli("train", "--data", tmp_path / "data.csv", "--categorical", "code", "--seed", "0", "-q",
        "--out", tmp_path / "cli.bprop")
    X, y = d[["code", "b"]], d.y
    py = bprop.MLPClassifier(categorical=["code"], random_state=0).fit(X, y)
    py.save(tmp_path / "py.bprop")
    for model in ("cli.bprop", "py.bprop"):
        assert "code: 3 categories (1, 2, 3)" in cli("inspect", tmp_path / model).stdout
        shown = cli("evaluate", "-m", tmp_path / model, "-d", tmp_path / "data.csv")
        assert "unseen" not in shown.stderr and "accuracy: 1.0000" in shown.stdout, shown
        with warnings.catch_warnings():
            warnings.filterwarnings("error", message=".*unseen categor")
            assert bprop.load(tmp_path / model).score(X, y) == 1.0
    # Any spelling of a number reads as its category, in both tools.
    d.assign(code=d.code.map(lambda v: f"0{v:g}")).to_csv(tmp_path / "other.csv", index=False)
    other = pd.read_csv(tmp_path / "other.csv", dtype=str, keep_default_na=False)
    np.testing.assert_array_equal(py.predict_proba(other[["code", "b"]].astype({"b": float})),
                                  py.predict_proba(X))
    assert "accuracy: 1.0000" in cli("evaluate", "-m", tmp_path / "cli.bprop", "-d",
                                     tmp_path / "other.csv").stdout


def test_evaluate_keeps_python_classes_of_one_integer_apart(tmp_path):
    # String classes "07" and "7": evaluate read both labels by value as "07", so a model right
    # on every row scored 0.47.
    rng = np.random.default_rng(0)
    X = pd.DataFrame({"a": rng.normal(size=300), "b": rng.normal(size=300)})
    y = np.where(X.a > 0, "07", "7")
    clf = bprop.MLPClassifier(random_state=0).fit(X, y)
    assert list(clf.classes_) == ["07", "7"] and clf.score(X, y) == 1.0
    clf.save(tmp_path / "m.bprop")
    X.assign(y=y).to_csv(tmp_path / "data.csv", index=False)
    shown = cli("evaluate", "-m", tmp_path / "m.bprop", "-d", tmp_path / "data.csv", "--target",
                "y").stdout
    assert "accuracy: 1.0000 (300/300)" in shown, shown
