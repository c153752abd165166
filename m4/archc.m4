# Helper macros for archc's configure.ac.

# ARCHC_CHECK_CFLAG(FLAG, VARIABLE)
# -----------------------------------
# Appends FLAG to VARIABLE when the C compiler accepts it without a
# warning (so that -Werror builds do not break on older compilers).
AC_DEFUN([ARCHC_CHECK_CFLAG], [
  AS_VAR_PUSHDEF([archc_cv], [archc_cv_cflag_$1])
  AC_CACHE_CHECK([whether $CC accepts $1], [archc_cv], [
    archc_save_CFLAGS=$CFLAGS
    CFLAGS="$CFLAGS -Werror $1"
    AC_COMPILE_IFELSE([AC_LANG_PROGRAM([], [])],
                      [AS_VAR_SET([archc_cv], [yes])],
                      [AS_VAR_SET([archc_cv], [no])])
    CFLAGS=$archc_save_CFLAGS])
  AS_VAR_IF([archc_cv], [yes], [$2="$$2 $1"])
  AS_VAR_POPDEF([archc_cv])
])

# ARCHC_REQUIRE_LINK_FLAGS(FLAGS, WHAT)
# -------------------------------------
# Stops unless a program compiled and linked with FLAGS builds.
AC_DEFUN([ARCHC_REQUIRE_LINK_FLAGS], [
  AC_MSG_CHECKING([whether $CC can build with $1])
  archc_save_CFLAGS=$CFLAGS
  archc_save_LDFLAGS=$LDFLAGS
  CFLAGS="$CFLAGS $1"
  LDFLAGS="$LDFLAGS $1"
  AC_LINK_IFELSE([AC_LANG_PROGRAM([], [])],
                 [AC_MSG_RESULT([yes])],
                 [AC_MSG_RESULT([no])
                  AC_MSG_ERROR([$CC cannot build with $1, needed for $2])])
  CFLAGS=$archc_save_CFLAGS
  LDFLAGS=$archc_save_LDFLAGS
])

# ARCHC_REQUIRE_PKG(VARIABLE-PREFIX, MODULE, DEBIAN-PACKAGE, PURPOSE)
# -------------------------------------------------------------------
# PKG_CHECK_MODULES that stops with the Debian package to install.
AC_DEFUN([ARCHC_REQUIRE_PKG], [
  PKG_CHECK_MODULES([$1], [$2], [],
    [AC_MSG_ERROR([$2 not found by pkg-config ($4).
Install it, on Debian or Ubuntu with: apt-get install $3])])
])
