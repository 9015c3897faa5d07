"""Cruscotto Welfare: harmonised social-welfare indicators for the Piani di Zona of Lombardy."""
