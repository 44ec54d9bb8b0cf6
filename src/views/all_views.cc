// Assembles the views compiled into this build over a view database.
#include "exchange/exchange_view.h"
#include "monitor/monitor_view.h"
#include "views/view_set.h"

namespace jirga {

Result<std::unique_ptr<ViewSet>> OpenViews(Store& store, const std::string& db_path) {
  ASSIGN_OR_RETURN(std::unique_ptr<ViewDb> db, OpenSqliteViewDb(db_path));
  auto views = std::make_unique<ViewSet>(store, std::move(db));
  RETURN_IF_ERROR(views->Add(std::make_unique<MonitorView>()));
  RETURN_IF_ERROR(views->Add(std::make_unique<ExchangeView>()));
  return views;
}

}  // namespace jirga
