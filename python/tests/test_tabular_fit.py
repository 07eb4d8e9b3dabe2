"""fit on data with text columns and missing cells: the estimators fit the tabular encoding that
`bprop train` fits on a CSV file of the same cells (one-hot text columns, medians with
impute="median"), store it in the model, and predict through it, bitwise as `bprop predict`."""
import os
import pickle
import subprocess
import warnings

import numpy as np
import pytest

import bprop
from test_tabular_models import COLUMNS, cli_outputs, tabular_rows, write

CLI = os.environ.get("BPROP_CLI")
pd = pytest.importorskip("pandas", reason="python3-pandas is not installed")


def frame(n=200, seed=0):
    rng = np.random.default_rng(seed)
    df = pd.DataFrame({"x1": rng.normal(size=n), "colour": rng.choice(["red", "green", "blue"], n),
                       "x2": rng.normal(size=n)})
    y = np.where(df.x1 + df.x2 + (df.colour == "red") > 0.5, "yes", "no")
    return df, pd.Series(y, name="label")


def test_text_columns_are_one_hot_encoded_and_stored_in_the_model(tmp_path):
    df, y = frame()
    est = bprop.MLPClassifier(random_state=0, max_iter=30).fit(df, y)
    assert list(est.feature_names_in_) == ["x1", "colour", "x2"] and est.n_features_in_ == 3
    assert est._model.feature_names == ["x1", "colour=blue", "colour=green", "colour=red", "x2"]
    assert est._model.input_width == 5 and est.coefs_[0].shape == (5, 100)
    # Columns by name in any order; an array by position.
    proba = est.predict_proba(df)
    np.testing.assert_array_equal(est.predict_proba(df[["x2", "colour", "x1"]]), proba)
    np.testing.assert_array_equal(est.predict_proba(df.to_numpy(dtype=object)), proba)
    with pytest.warns(UserWarning, match="1 unseen categor"):
        est.predict(pd.DataFrame({"x1": [0.0], "colour": ["violet"], "x2": [0.0]}))
    again = pickle.loads(pickle.dumps(est))
    np.testing.assert_array_equal(again.predict_proba(df), proba)
    est.save(tmp_path / "m.bprop")
    np.testing.assert_array_equal(bprop.load(tmp_path / "m.bprop").predict_proba(df), proba)
    # A regressor and an array without column names too.
    reg = bprop.MLPRegressor(random_state=0, max_iter=30).fit(df.to_numpy(dtype=object), df.x1)
    assert reg._model.feature_names == ["x0", "x1=blue", "x1=green", "x1=red", "x2"]
    assert reg.predict(df.to_numpy(dtype=object)).shape == (200,)


def test_missing_cells_follow_scikit_learns_rule_unless_impute_median():
    df, y = frame()
    df.loc[3, "x2"] = np.nan
    df.loc[5, "colour"] = None
    with pytest.raises(ValueError, match=r"X:7: column 'colour' has a missing cell"):
        bprop.MLPClassifier(max_iter=5).fit(df, y)
    with pytest.raises(ValueError, match="NaN"):  # numbers only: scikit-learn's own check
        bprop.MLPClassifier(max_iter=5).fit(df[["x1", "x2"]], y)
    est = bprop.MLPClassifier(random_state=0, max_iter=5, impute="median").fit(df, y)
    inputs, note, _, filled = est._model.encode_tabular([["0.5"], [""], [""]], "X")
    median = float(np.float32(np.median(df.x2.dropna())))
    most_frequent = df.colour.value_counts().index[0]
    names = est._model.feature_names
    assert inputs[0, names.index("x2")] == np.float32(median) and "2 missing" in note
    assert inputs[0, names.index(f"colour={most_frequent}")] == 1 and filled == 2
    # predict says which cells it filled, and with what, as `bprop predict` notes it.
    with pytest.warns(UserWarning) as caught:
        est.predict(df.iloc[:6])
    assert [str(w.message) for w in caught] == [
        f"X: 2 missing cells filled (column 'colour': 1, with '{most_frequent}', column 'x2': 1, "
        f"with {median:.6g}); a missing cell is filled with the training median or most "
        "frequent category, as `bprop predict` fills it"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no missing cell: no warning
        est.predict(df.drop(index=[3, 5]))
    est = bprop.MLPClassifier(max_iter=5, impute="median").fit(df[["x1", "x2"]], y)
    assert est._model.tabular_columns == ["x1", "x2"]  # numbers with missing cells: medians


def test_categorical_none_forced_columns_and_the_guards():
    df, y = frame()
    with pytest.raises(ValueError, match="could not convert string to float"):
        bprop.MLPClassifier(max_iter=5, categorical=None).fit(df, y)
    with pytest.raises(ValueError, match="column 'colour' holds text, and categorical=None"):
        bprop.MLPClassifier(max_iter=5, categorical=None, impute="median").fit(df, y)
    codes = df.assign(code=np.arange(200) % 3)
    est = bprop.MLPClassifier(max_iter=5, categorical=["code"]).fit(codes, y)
    assert [n for n in est._model.feature_names if n.startswith("code")] == \
        ["code=0", "code=1", "code=2"]
    with pytest.raises(ValueError, match="categorical names no column 'code'; the columns are "
                       "'x1', 'colour', 'x2'"):
        bprop.MLPClassifier(max_iter=5, categorical=["code"]).fit(df, y)
    with pytest.raises(ValueError, match="categorical names no column 'X1'"):
        bprop.MLPClassifier(max_iter=5, categorical=["X1"]).fit(df[["x1", "x2"]], y)
    ids = df.assign(name=[f"id{i}" for i in range(200)])
    with pytest.raises(ValueError, match="200 distinct values, more than max_categories 100 .*raise max_categories"):
        bprop.MLPClassifier(max_iter=5).fit(ids, y)
    bprop.MLPClassifier(max_iter=5, max_categories=200).fit(ids, y)
    stray = df.astype({"x1": object})
    stray.loc[7, "x1"] = "seven"
    with pytest.raises(ValueError, match=r"X:9: column 'x1' holds numbers but also the text "
                       r"'seven'; if it marks a missing value add it to na_values, if the column "
                       r"is categories pass categorical=\['x1'\]"):
        bprop.MLPClassifier(max_iter=5).fit(stray, y)
    # Missing cells are not text: 10 % of them do not let the stray text through.
    gaps = stray.copy()
    gaps.loc[gaps.index % 10 == 3, "x1"] = None
    with pytest.raises(ValueError, match=r"X:9: column 'x1' holds numbers but also the text "
                       r"'seven'"):
        bprop.MLPClassifier(max_iter=5, impute="median").fit(gaps, y)
    dashes = stray.replace("seven", "-")
    with pytest.raises(ValueError, match="missing cell"):
        bprop.MLPClassifier(max_iter=5, na_values=["-"]).fit(dashes, y)
    with pytest.raises(ValueError, match="impute must be"):
        bprop.MLPClassifier(impute="mean").fit(df, y)
    # Text that is all numbers needs no encoding: read as scikit-learn reads it.
    numbers = df[["x1", "x2"]].astype(str)
    assert bprop.MLPClassifier(max_iter=5).fit(numbers, y)._model.tabular_columns == []


def test_a_number_among_na_values_matches_its_value():
    """na_values=["-999"] marks -999.0 and "-999.00" too, as `bprop train --na-values -999` does
    (and pandas' na_values): the text "-999.0" was the number -999, the float -999.0 missing."""
    df, y = frame()
    coded = df.copy()
    coded.loc[coded.index % 10 == 0, "x1"] = -999.0
    median = float(np.median(df.x1[df.index % 10 != 0]))
    texts = coded.astype({"x1": str})  # "-999.0"
    for X, na in [(coded, ["-999"]), (texts, ["-999"]), (coded, [-999.0]), (texts, ["-9.99e2"])]:
        est = bprop.MLPClassifier(max_iter=5, impute="median", na_values=na).fit(X, y)
        fill = est._model.tabular_details[0][0][1]
        assert fill == pytest.approx(median), (X.x1.dtype, na)
    with pytest.warns(UserWarning, match=r"X: 2 missing cells filled \(column 'x1': 2, with "):
        est.predict(pd.DataFrame({"x1": ["-999.00", "-999"], "colour": ["red"] * 2,
                                  "x2": [0.0, 1.0]}))


@pytest.mark.skipif(not CLI, reason="BPROP_CLI (the bprop executable) is not set")
def test_the_encoding_is_the_one_bprop_train_fits_on_the_same_cells(tmp_path):
    write(tmp_path / "train.csv", tabular_rows(300, 0), "label")
    subprocess.run([CLI, "train", "--data", str(tmp_path / "train.csv"), "--epochs", "3",
                    "--out", str(tmp_path / "cli.bprop")], check=True, capture_output=True)
    cells = pd.read_csv(tmp_path / "train.csv", dtype=str, keep_default_na=False)
    est = bprop.MLPClassifier(max_iter=3, impute="median").fit(cells[COLUMNS], cells["label"])
    cli = bprop.load(tmp_path / "cli.bprop")
    assert est._model.feature_names == cli._model.feature_names
    columns = [cells[c].tolist() for c in COLUMNS]
    np.testing.assert_array_equal(est._model.encode_tabular(columns, "X")[0],
                                  cli._model.encode_tabular(columns, "X")[0])
    # The CLI predicts with the estimator's model as the estimator does.
    est.save(tmp_path / "py.bprop")
    _, rows = cli_outputs(tmp_path / "py.bprop", tmp_path / "train.csv")
    np.testing.assert_array_equal(est.predict_proba(cells).astype(np.float32),
                                  np.array([[np.float32(v) for v in r[1:]] for r in rows]))


@pytest.mark.skipif(not CLI, reason="BPROP_CLI (the bprop executable) is not set")
def test_the_target_keeps_its_name_unless_a_feature_has_it(tmp_path):
    df, _ = frame()
    for name, stored in (("score", "score"), ("x2", "y"), (None, "y")):
        reg = bprop.MLPRegressor(max_iter=5).fit(df, df.x1.rename(name))
        np.testing.assert_array_equal(reg.predict(df), reg.predict(df[["x2", "x1", "colour"]]))
        reg.save(tmp_path / "r.bprop")
        shown = subprocess.run([CLI, "inspect", str(tmp_path / "r.bprop")], check=True,
                               capture_output=True, text=True).stdout
        assert f"targets: {stored}\n" in shown


def test_numeric_columns_become_the_cells_a_value_at_a_time_gives():
    # Numbers go to the core as arrays, which writes their texts (a forced category's name): they
    # must be _cell_text's, character for character.
    from bprop import _bprop, _tabular
    rng = np.random.default_rng(0)
    columns = [np.array([1.5, np.nan, np.inf, -np.inf, -0.0, 3.0, 2.0**60, 1e-300, -7.25, 1e16,
                         2.0**53, 2.0**53 - 1, 1e-4, 1e-5, 1234567890123456.7, 5e-324, 0.1]),
               rng.standard_normal(3000) * 10.0 ** rng.integers(-30, 30, 3000),
               rng.integers(-10**6, 10**6, 1000) / 8.0,
               np.array([1.1, np.nan, 3.0], dtype=np.float32), np.array([-3, 0, 2**40]),
               np.array([2**63 - 1, -2**63]), np.array([2**64 - 1, 7], dtype=np.uint64),
               np.array([7, 9], dtype=np.uint8), np.array([True, False])]
    for c in columns:
        cells = _tabular._column_cells(c)
        assert _bprop.cell_texts([cells])[0] == [_tabular._cell_text(v) for v in c]
        # The numbers themselves read as those texts do ("0", not -0).
        if isinstance(cells, np.ndarray) and cells.dtype.kind == "f":
            texts = [_tabular._cell_text(v) for v in c]
            read = np.array([float(t) if t else np.nan for t in texts])
            assert np.array_equal(np.signbit(cells), np.signbit(read))
            assert np.array_equal(cells, read, equal_nan=True)


def test_two_columns_of_one_name_are_refused():
    # The encoding finds columns by name: two named 'x' would both have read the first.
    X = pd.DataFrame([[1.0, "a", 50.0], [2.0, "b", 60.0], [3.0, "a", 70.0], [4.0, "b", 80.0]],
                     columns=["x", "c", "x"])
    with pytest.raises(ValueError, match=r"two columns are named 'x' \(columns 0 and 2\)"):
        bprop.MLPClassifier(max_iter=2).fit(X, [0, 1, 0, 1])
    model = bprop.MLPClassifier(max_iter=2).fit(X.set_axis(["x", "c", "z"], axis=1), [0, 1, 0, 1])
    # At predict too: a frame with two columns of a name the model needs.
    with pytest.raises(ValueError, match=r"two columns named 'x' \(columns \[0, 2\]\)"):
        model.predict(X.set_axis(["x", "c", "x"], axis=1).assign(z=X.iloc[:, 2]))


@pytest.mark.parametrize("dtype", ["Int64", "Float64"])
def test_pandas_nullable_numbers_are_missing_cells_at_fit_as_at_predict(dtype):
    """pd.NA in a nullable column is a missing cell, as NaN in a float64 one (it was a TypeError
    from inside fit, "float() argument must be ... not 'NAType'", and worked at predict)."""
    df, y = frame()
    df["x2"] = df["x2"].round()
    df.loc[[3, 8], "x2"] = np.nan
    nullable = df.astype({"x2": dtype})
    assert nullable["x2"].isna().sum() == 2 and nullable["x2"].dtype.name == dtype
    with pytest.raises(ValueError, match="NaN"):  # impute="none": scikit-learn's rule, as NaN
        bprop.MLPClassifier(max_iter=5).fit(nullable[["x1", "x2"]], y)
    est = bprop.MLPClassifier(random_state=0, max_iter=5, impute="median").fit(nullable, y)
    ref = bprop.MLPClassifier(random_state=0, max_iter=5, impute="median").fit(df, y)
    assert est._model.tabular_details == ref._model.tabular_details  # the same medians
    with pytest.warns(UserWarning, match="2 missing cells filled"):
        np.testing.assert_array_equal(est.predict_proba(nullable), ref.predict_proba(df))
