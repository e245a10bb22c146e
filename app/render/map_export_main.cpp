// swsplan-map: the map export verb as a standalone executable until `swsplan map` links it.
#include "app/render/map_export.hpp"

int main(int argc, char** argv) { return swsplan::gui::map_export_main(argc, argv); }
