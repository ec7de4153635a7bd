package cn.anquan.opensearch;

import java.util.List;
import org.opensearch.common.settings.Setting;
import org.opensearch.common.settings.Setting.Property;
import org.opensearch.plugins.Plugin;

/**
 * Registers the index settings of the OpenSearch Index State Management plugin so that
 * Camunda's schema managers can clear them on a node that does not run ISM.
 */
public final class IndexStateManagementSettingsPlugin extends Plugin {
  @Override
  public List<Setting<?>> getSettings() {
    return List.of(
        Setting.simpleString(
            "index.plugins.index_state_management.policy_id", Property.IndexScope, Property.Dynamic),
        Setting.boolSetting(
            "index.plugins.index_state_management.auto_manage", true, Property.IndexScope, Property.Dynamic),
        Setting.simpleString(
            "index.plugins.index_state_management.rollover_alias", Property.IndexScope, Property.Dynamic));
  }
}
