//! A strategy's parameters belong to it (docs/model.md §5; `config::strategy_params`): a
//! config that extends another, or a `--set`, that names another strategy starts from that
//! strategy's defaults; the configured strategy keeps its parameters.

use toml::Table;
use tradewar::config::load::{apply_sets, merge};

fn table(text: &str) -> Table {
    text.parse().unwrap()
}

#[test]
fn a_strategy_keeps_its_parameters_only_while_its_name_stays() {
    let base = "[us.strategy]\nname = \"escalate_to_deal\"\nnoise = 0.05\n\
                [us.strategy.params]\nmax_escalations = 4.0\n";
    let mut same = table(base);
    merge(&mut same, table("[us.strategy]\nnoise = 0.1\n"));
    assert_eq!(
        same["us"]["strategy"]["params"]["max_escalations"].as_float(),
        Some(4.0)
    );
    let mut renamed = table(base);
    merge(
        &mut renamed,
        table("[us.strategy]\nname = \"hold\"\n[us.strategy.params]\n"),
    );
    assert_eq!(renamed["us"]["strategy"]["name"].as_str(), Some("hold"));
    assert!(
        renamed["us"]["strategy"]["params"]
            .as_table()
            .unwrap()
            .is_empty()
    );
    assert_eq!(renamed["us"]["strategy"]["noise"].as_float(), Some(0.05));

    let mut parent = table("[us.strategy.params]\nmax_escalations = 3.0\n");
    merge(
        &mut parent,
        table("[us.strategy]\nname = \"escalate_to_deal\"\n"),
    );
    assert_eq!(
        parent["us"]["strategy"]["params"]["max_escalations"].as_float(),
        Some(3.0),
        "a parent without a name keeps its parameters"
    );

    let mut set = table(base);
    apply_sets(
        &mut set,
        &[
            "us.strategy.params.forgiveness=0.2".into(),
            "us.strategy.name=\"generous_tit_for_tat\"".into(),
        ],
    )
    .unwrap();
    assert_eq!(
        set["us"]["strategy"]["params"]["forgiveness"].as_float(),
        Some(0.2),
        "a parameter set with the name is kept, whatever the order"
    );
    assert!(
        set["us"]["strategy"]["params"]
            .get("max_escalations")
            .is_none()
    );

    let mut set = table(base);
    apply_sets(&mut set, &["us.strategy.noise=0.1".into()]).unwrap();
    assert!(
        set["us"]["strategy"]["params"]
            .get("max_escalations")
            .is_some()
    );
    apply_sets(&mut set, &["us.strategy.name=\"hold\"".into()]).unwrap();
    assert!(set["us"]["strategy"].get("params").is_none());
}
