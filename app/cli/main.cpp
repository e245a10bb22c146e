#include "app/cli/cli.hpp"

int main(int argc, char** argv) { return swsplan::cli::main(argc, argv); }
